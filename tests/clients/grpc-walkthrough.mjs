// The README walk-through as a stock gRPC client (@grpc/grpc-js) sees it, from the repository's protos alone:
// create a user, follow a topic, read the feed, save its first paper, hide its second, read it again.
// Usage: node grpc-walkthrough.mjs HOST:PORT TOKEN USER_ID TOPIC_ID
// Prints one JSON line: {"before": [ids], "saved": id, "hidden": id, "after": [ids]}; exits 1 on any error.
import { fileURLToPath } from "node:url";
import grpc from "@grpc/grpc-js";
import protoLoader from "@grpc/proto-loader";

const [target, token, userId, topicId] = process.argv.slice(2);
const protoRoot = fileURLToPath(new URL("../../proto", import.meta.url));
const googleProtos = fileURLToPath(new URL("./node_modules/google-proto-files", import.meta.url));
const definition = protoLoader.loadSync(["recommender/v1/users.proto", "recommender/v1/feeds.proto"], { includeDirs: [protoRoot, googleProtos] });
const api = grpc.loadPackageDefinition(definition).recommender.v1;

const metadata = new grpc.Metadata();
metadata.set("authorization", `Bearer ${token}`);
const users = new api.Users(target, grpc.credentials.createInsecure());
const feeds = new api.Feeds(target, grpc.credentials.createInsecure());
const call = (client, method, request) => new Promise((resolve, reject) =>
  client[method](request, metadata, { deadline: Date.now() + 20000 }, (error, response) => error ? reject(error) : resolve(response)));
const ids = feed => feed.items.map(item => item.paper.id);

try {
  await call(users, "UpsertUser", { user: { id: userId, email: `${userId}@example.org` } });
  await call(users, "FollowTopic", { userId, topicId });
  const before = ids(await call(feeds, "GetFeed", { userId, pageSize: 100 }));
  await call(users, "RecordFeedback", { userId, paperId: before[0], kind: "SAVE" });
  await call(users, "RecordFeedback", { userId, paperId: before[1], kind: "HIDE" });
  const after = ids(await call(feeds, "GetFeed", { userId, pageSize: 100 }));
  console.log(JSON.stringify({ before, saved: before[0], hidden: before[1], after }));
} catch (error) {
  console.error(`ERROR ${Object.keys(grpc.status).find(key => grpc.status[key] === error.code)}: ${error.details}`);
  process.exitCode = 1;
} finally {
  users.close();
  feeds.close();
}
