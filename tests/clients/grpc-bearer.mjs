// A stock gRPC client (@grpc/grpc-js) built from the repository's protos alone, calling with a bearer token.
// Usage: node grpc-bearer.mjs HOST:PORT TOKEN|"" USER_ID
// Calls Topics.ListTopics and Feeds.GetFeed(USER_ID); prints one line per call: "OK <count>" or "ERROR <gRPC status name>".
import { fileURLToPath } from "node:url";
import grpc from "@grpc/grpc-js";
import protoLoader from "@grpc/proto-loader";

const [target, token, userId] = process.argv.slice(2);
const protoRoot = fileURLToPath(new URL("../../proto", import.meta.url));
// The protos' google.api.http annotations (REST routes) come from Google's own published protos.
const googleProtos = fileURLToPath(new URL("./node_modules/google-proto-files", import.meta.url));
const definition = protoLoader.loadSync(["recommender/v1/topics.proto", "recommender/v1/feeds.proto"], { includeDirs: [protoRoot, googleProtos] });
const api = grpc.loadPackageDefinition(definition).recommender.v1;

// The token rides as call metadata (grpc-js refuses call credentials on an insecure channel).
const metadata = new grpc.Metadata();
if (token) {
  metadata.set("authorization", `Bearer ${token}`);
}
const options = { deadline: Date.now() + 10000 };
const status = error => `ERROR ${Object.keys(grpc.status).find(key => grpc.status[key] === error.code)}`;
const call = (client, method, request, count) => new Promise(resolve =>
  client[method](request, metadata, options, (error, response) => resolve(error ? status(error) : `OK ${count(response)}`)));

const topics = new api.Topics(target, grpc.credentials.createInsecure());
const feeds = new api.Feeds(target, grpc.credentials.createInsecure());
console.log(await call(topics, "ListTopics", {}, r => r.topics.length));
console.log(await call(feeds, "GetFeed", { userId }, r => r.items.length));
topics.close();
feeds.close();
