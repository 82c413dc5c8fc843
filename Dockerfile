# tanya-artikel: the Discord bot, built once, run with production dependencies only.
# docker build -t tanya-artikel . && docker run --env-file .env tanya-artikel
# The operator's CLIs run the same compiled code (scripts/start.mjs, no tsx needed):
#   docker exec CONTAINER npm run --silent feedback [-- --export FILE]
#   docker exec CONTAINER npm run --silent ask -- "pertanyaan"
# (npm run eval, train and bench need the development tools and the datasets: not in this image.)

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY scripts/start.mjs ./scripts/start.mjs
COPY corpus ./corpus
# The lexicons' and the article's licences and notices travel with them.
COPY README.md ./
COPY src/search/data/README.md src/search/data/LICENSE.wordnet ./dist/search/data/
# The bot writes only the index snapshot cache and the ratings (FEEDBACK_FILE, data/feedback.jsonl):
# mount a volume on /app/data to keep the ratings when the container is replaced.
RUN mkdir -p .cache data && chown node:node .cache data
VOLUME ["/app/data"]
USER node
# node itself is the main process, not npm or a shell, so `docker stop`'s SIGTERM reaches the bot:
# it finishes the interactions in flight and exits 0.
CMD ["node", "scripts/start.mjs"]
