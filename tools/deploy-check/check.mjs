// Offline validation of EvoPO's deployment files; tests/Coordinator.Tests/Deploy runs it through `dotnet test`.
//   node check.mjs k8s FILE...        every document against the Kubernetes schemas (kubernetes-models, and
//                                     @kubernetes-models/keda for KEDA's ScaledObject), strictly: an unknown
//                                     field is an error, as with kubeconform -strict
//   node check.mjs compose FILE       against the Compose specification's JSON schema (as bundled by dclint)
//   node check.mjs dockerfile FILE    Dockerfile lint (dockerfile-utils, the Docker language server's checks)
// Prints one line per file checked and every problem; exits 1 on any problem.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const require = createRequire(import.meta.url);
const [mode, ...files] = process.argv.slice(2);
const problems = [];

function readYamlDocuments(file) {
  const documents = parseAllDocuments(readFileSync(file, "utf8"), { merge: true }); // compose uses << merge keys
  const values = [];
  for (const document of documents) {
    for (const error of document.errors) problems.push(`${file}: YAML: ${error.message}`);
    const value = document.toJS({ maxAliasCount: 100 });
    if (value !== null && value !== undefined) values.push(value);
  }
  return values;
}

// --- Kubernetes -----------------------------------------------------------------------------------------------

/** Where the models of an apiVersion's types are: the Kubernetes API, then the CRDs we use (KEDA's keda.sh). */
const modelPackages = [join(modules, "kubernetes-models"), join(modules, "@kubernetes-models", "keda")];

/**
 * Interface name -> { props: Map(name -> type text), lenient } from every .d.ts of the models. The types refer to each
 * other by their full names (IIoK8sApiAppsV1DeploymentSpec, IComGithubKedacoreKedaV2ApisKedaV1alpha1ScaledObjectSpec),
 * which each file declares as aliases of its own interfaces: the short names (IDeploymentSpec, ICondition) are
 * ambiguous across API versions and packages, so they are never looked up.
 */
function interfaceIndex() {
  const index = new Map();
  const roots = [...modelPackages, join(modules, "@kubernetes-models", "apimachinery")];
  const walk = (dir) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) {
        if (entry !== "_schemas" && entry !== "node_modules") walk(path);
      } else if (entry.endsWith(".d.ts")) {
        const text = readFileSync(path, "utf8").replace(/\/\*[\s\S]*?\*\//g, "");
        const local = new Map();
        for (const match of text.matchAll(/export interface (\w+)(?:\s+extends\s+([\w\s,<>]+))?\s*\{([\s\S]*?)\n\}/g)) {
          const props = new Map();
          for (const prop of match[3].matchAll(/^\s*"([^"]+)"\??:\s*([^;\n]+);?/gm)) props.set(prop[1], prop[2].trim());
          const lenient = match[2] !== undefined && match[2].trim() !== "TypeMeta";
          local.set(match[1], { props, lenient });
        }
        // export type { IDeploymentSpec as IIoK8sApiAppsV1DeploymentSpec }: the full name of this file's interface.
        for (const alias of text.matchAll(/export type \{([^}]*)\}/g))
          for (const pair of alias[1].matchAll(/(\w+) as (\w+)/g)) if (local.has(pair[1])) index.set(pair[2], local.get(pair[1]));
      }
    }
  };
  roots.forEach(walk);
  return index;
}

/** The model class of a document's apiVersion and kind, and the full name of its interface; null when no package has it. */
async function modelOf(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  for (const root of modelPackages) {
    const base = join(root, ...(group ? [group, version] : [version]), kind);
    if (!existsSync(`${base}.js`) || !existsSync(`${base}.d.ts`)) continue;
    const model = (await import(`${base}.js`))[kind];
    const alias = new RegExp(`\\bI${kind} as (\\w+)`).exec(readFileSync(`${base}.d.ts`, "utf8"));
    if (model && alias) return { model, type: alias[1] };
  }
  return null;
}

function checkUnknownFields(index, value, type, path, report) {
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (Array.isArray(value)) value.forEach((item, i) => checkUnknownFields(index, item, array[1].trim(), `${path}[${i}]`, report));
    return;
  }
  const known = index.get(type);
  if (!known || known.lenient || value === null || typeof value !== "object" || Array.isArray(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (!known.props.has(key)) report(`${path}.${key}: unknown field (not in ${type.replace(/^I(IoK8s|ComGithubKedacoreKedaV2Apis)/, "")})`);
    else checkUnknownFields(index, child, known.props.get(key), `${path}.${key}`, report);
  }
}

async function checkKubernetes() {
  const index = interfaceIndex();
  let count = 0;
  for (const file of files) {
    for (const doc of readYamlDocuments(file)) {
      const where = `${file}: ${doc.kind ?? "?"}/${doc.metadata?.name ?? "?"}`;
      if (typeof doc.apiVersion !== "string" || typeof doc.kind !== "string") {
        problems.push(`${where}: no apiVersion or kind`);
        continue;
      }
      const found = await modelOf(doc.apiVersion, doc.kind);
      if (!found) {
        problems.push(`${where}: ${doc.apiVersion} ${doc.kind} is not a type known to kubernetes-models or @kubernetes-models/keda`);
        continue;
      }
      try {
        new found.model(doc).validate();
      } catch (error) {
        problems.push(`${where}: ${error.message}`);
      }
      checkUnknownFields(index, doc, found.type, doc.kind, (message) => problems.push(`${where}: ${message}`));
      count++;
    }
  }
  console.log(`kubernetes: ${count} resources in ${files.length} file(s) checked`);
}

// --- Compose --------------------------------------------------------------------------------------------------

async function checkCompose() {
  const { default: Ajv } = await import("ajv");
  const { default: addFormats } = await import("ajv-formats");
  // The Compose specification's schema, as bundled by dclint (draft-07).
  const schema = JSON.parse(readFileSync(join(modules, "dclint", "schemas", "compose.schema.json"), "utf8"));
  delete schema.$schema;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  // Compose's own formats: durations are Go's ("1m30s"); the others are checked by docker compose itself.
  ajv.addFormat("duration", /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/);
  for (const name of ["expose", "ports", "subnet_ip_address"]) ajv.addFormat(name, true);
  const validate = ajv.compile(schema);
  for (const file of files) {
    for (const doc of readYamlDocuments(file)) {
      if (!validate(doc)) for (const error of validate.errors) problems.push(`${file}: ${error.instancePath || "/"} ${error.message} ${JSON.stringify(error.params)}`);
    }
    console.log(`compose: ${file} checked`);
  }
}

// --- Dockerfile -----------------------------------------------------------------------------------------------

async function checkDockerfile() {
  const { validate } = require("dockerfile-utils");
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    // Every rule on, as errors, where dockerfile-utils lets us choose.
    const settings = {
      deprecatedMaintainer: 1, directiveCasing: 1, emptyContinuationLine: 1, instructionCasing: 1,
      instructionCmdMultiple: 1, instructionEntrypointMultiple: 1, instructionHealthcheckMultiple: 1,
      instructionJSONInSingleQuotes: 1, instructionWorkdirRelative: 1,
    };
    for (const diagnostic of validate(text, settings)) {
      problems.push(`${file}:${diagnostic.range.start.line + 1}: ${diagnostic.message}`);
    }
    console.log(`dockerfile: ${file} checked`);
  }
}

const checks = { k8s: checkKubernetes, compose: checkCompose, dockerfile: checkDockerfile };
if (!checks[mode] || files.length === 0) {
  console.error("usage: node check.mjs k8s|compose|dockerfile FILE...");
  process.exit(2);
}
await checks[mode]();
for (const problem of problems) console.log(`problem: ${problem}`);
process.exit(problems.length ? 1 : 0);
