// Renders a plain Kustomize base (resources + namespace) and validates every object against the
// Kubernetes JSON schemas of the kubernetes-models package, strictly: unknown fields are errors too.
// Usage: node validate-k8s.mjs DIR   → prints the rendered objects as a JSON array; exits 1 listing every problem.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";

const directory = process.argv[2];
const problems = [];

const kustomization = parseAllDocuments(readFileSync(join(directory, "kustomization.yaml"), "utf8"))[0].toJS();
if (kustomization.kind !== "Kustomization") problems.push("kustomization.yaml: kind must be Kustomization");
// Only what this renderer implements may appear: anything else would be silently ignored here.
const supported = new Set(["apiVersion", "kind", "namespace", "resources"]);
for (const key of Object.keys(kustomization)) {
  if (!supported.has(key)) problems.push(`kustomization.yaml: field "${key}" is not rendered by this test`);
}

// Kinds that live outside namespaces; kustomize sets metadata.namespace on all others.
const clusterScoped = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PersistentVolume", "StorageClass"]);
const rendered = [];
for (const file of kustomization.resources ?? []) {
  for (const document of parseAllDocuments(readFileSync(join(directory, file), "utf8"))) {
    if (document.errors.length > 0) {
      problems.push(`${file}: ${document.errors.map(e => e.message).join("; ")}`);
      continue;
    }
    const object = document.toJS();
    if (object === null) continue;
    if (kustomization.namespace && !clusterScoped.has(object.kind)) {
      object.metadata = { ...object.metadata, namespace: kustomization.namespace };
      // As kustomize does: a binding's service-account subjects move into the same namespace.
      for (const subject of object.subjects ?? []) {
        if (subject.kind === "ServiceAccount") subject.namespace = kustomization.namespace;
      }
    }
    await validate(file, object);
    rendered.push(object);
  }
}

if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(JSON.stringify(rendered, null, 1));

async function validate(file, object) {
  const where = `${file}: ${object.kind}/${object.metadata?.name}`;
  const [group, version] = object.apiVersion?.includes("/") ? object.apiVersion.split("/") : [null, object.apiVersion];
  let Model;
  try {
    Model = (await import(`kubernetes-models/${group ? `${group}/` : ""}${version}/${object.kind}`))[object.kind];
  } catch {
    problems.push(`${where}: no schema for apiVersion ${object.apiVersion}, kind ${object.kind}`);
    return;
  }
  const model = new Model(object);
  const read = new Set();
  try {
    // The compiled schema reads every property it knows; whatever it never read is not in the schema.
    Model.prototype.validate.call(watched(model, "", read));
  } catch (error) {
    problems.push(`${where}: ${error.message}`);
  }
  for (const path of unread(model.toJSON(), "", read)) {
    problems.push(`${where}: unknown field ${path}`);
  }
}

function watched(value, path, read) {
  if (value === null || typeof value !== "object") return value;
  return new Proxy(value, {
    get(target, key, receiver) {
      const child = Reflect.get(target, key, receiver);
      if (typeof key !== "string" || typeof child === "function") return child;
      read.add(`${path}/${key}`);
      return watched(child, `${path}/${key}`, read);
    },
  });
}

function* unread(value, path, read) {
  if (value === null || typeof value !== "object") return;
  for (const key of Object.keys(value)) {
    const child = `${path}/${key}`;
    if (!read.has(child) && !(path === "" && (key === "apiVersion" || key === "kind"))) yield child;
    else yield* unread(value[key], child, read);
  }
}
