/** Stays alive until killed, for the process-group tests: `tsx tests/helpers/idle.ts`. */
process.stdout.write("idle\n");
setInterval(() => {}, 60_000);
