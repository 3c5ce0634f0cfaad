// A stock gRPC client (@grpc/grpc-js) asking grpc.health.v1 Check, as a Kubernetes probe would.
// Usage: node grpc-health.mjs HOST:PORT [SERVICE] [DEADLINE_MS]
// Prints the serving status (SERVING, NOT_SERVING, ...) or "ERROR <gRPC status name>"; exits 0 either way.
import { fileURLToPath } from "node:url";
import grpc from "@grpc/grpc-js";
import protoLoader from "@grpc/proto-loader";

const [target, service = "", deadlineMs = "10000"] = process.argv.slice(2);
const definition = protoLoader.loadSync(fileURLToPath(new URL("health.proto", import.meta.url)), { enums: String });
const { Health } = grpc.loadPackageDefinition(definition).grpc.health.v1;
const client = new Health(target, grpc.credentials.createInsecure());

client.Check({ service }, { deadline: Date.now() + Number(deadlineMs) }, (error, response) => {
  if (error) {
    const name = Object.keys(grpc.status).find(key => grpc.status[key] === error.code);
    console.log(`ERROR ${name}`);
  } else {
    console.log(response.status);
  }
  client.close();
});
