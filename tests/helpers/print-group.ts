/** Prints its pid and its process group's id, for the process-group tests. */
import { readFileSync } from "node:fs";

const stat = readFileSync("/proc/self/stat", "utf8");
const group = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2];
process.stdout.write(`${process.pid} ${group}\n`);
