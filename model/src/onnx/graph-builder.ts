// A small, deterministic ONNX graph builder: node names and tensor names are derived from a
// counter, so the same sequence of calls always serializes to the same bytes.
import { AttributeType, ModelProto, TensorDataType } from "./schema.js";

export type AttributeValue = number | string | number[] | string[] | { float: number } | { floats: number[] };
export type Attributes = Record<string, AttributeValue>;

interface AttributeMessage {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  floats?: number[];
  ints?: number[];
  strings?: Uint8Array[];
}

const utf8 = new TextEncoder();

function toAttribute(name: string, value: AttributeValue): AttributeMessage {
  if (typeof value === "string") return { name, type: AttributeType.STRING, s: utf8.encode(value) };
  if (typeof value === "number") {
    if (!Number.isInteger(value)) throw new Error(`attribute ${name}: use { float } for non-integers`);
    return { name, type: AttributeType.INT, i: value };
  }
  if (Array.isArray(value)) {
    if (value.length > 0 && typeof value[0] === "string") {
      return { name, type: AttributeType.STRINGS, strings: (value as string[]).map((v) => utf8.encode(v)) };
    }
    return { name, type: AttributeType.INTS, ints: value as number[] };
  }
  if ("float" in value) return { name, type: AttributeType.FLOAT, f: value.float };
  return { name, type: AttributeType.FLOATS, floats: value.floats };
}

interface NodeMessage {
  input: string[];
  output: string[];
  name: string;
  opType: string;
  domain: string;
  attribute: AttributeMessage[];
}

interface TensorMessage {
  name: string;
  dims: number[];
  dataType: number;
  rawData?: Uint8Array;
  int64Data?: number[];
  stringData?: Uint8Array[];
}

export class GraphBuilder {
  private readonly nodes: NodeMessage[] = [];
  private readonly initializers: TensorMessage[] = [];
  private counter = 0;

  private fresh(prefix: string): string {
    this.counter += 1;
    return `${prefix}_${this.counter}`;
  }

  /** Adds a node and returns the names of its outputs. */
  nodeN(opType: string, inputs: string[], outputs: number, attributes: Attributes = {}, domain = ""): string[] {
    const names = Array.from({ length: outputs }, () => this.fresh(opType.toLowerCase()));
    const attribute = Object.keys(attributes)
      .sort()
      .map((key) => toAttribute(key, attributes[key] as AttributeValue));
    this.nodes.push({ input: inputs, output: names, name: this.fresh(`n_${opType}`), opType, domain, attribute });
    return names;
  }

  node(opType: string, inputs: string[], attributes: Attributes = {}, domain = ""): string {
    return this.nodeN(opType, inputs, 1, attributes, domain)[0] as string;
  }

  /** Renames the last node's first output, for graph outputs with fixed names. */
  nameLastOutput(name: string): string {
    const last = this.nodes[this.nodes.length - 1];
    if (!last) throw new Error("no node to name");
    last.output[0] = name;
    return name;
  }

  floats(values: ArrayLike<number>, dims: number[] = [values.length]): string {
    const data = Float32Array.from(values);
    const name = this.fresh("const_f");
    this.initializers.push({ name, dims, dataType: TensorDataType.FLOAT, rawData: new Uint8Array(data.buffer) });
    return name;
  }

  int64s(values: ArrayLike<number>, dims: number[] = [values.length]): string {
    const data = BigInt64Array.from(Array.from(values, (v) => BigInt(v)));
    const name = this.fresh("const_i");
    this.initializers.push({ name, dims, dataType: TensorDataType.INT64, rawData: new Uint8Array(data.buffer) });
    return name;
  }

  strings(values: string[], dims: number[] = [values.length]): string {
    const name = this.fresh("const_s");
    this.initializers.push({ name, dims, dataType: TensorDataType.STRING, stringData: values.map((v) => utf8.encode(v)) });
    return name;
  }

  serialize(options: {
    graphName: string;
    inputs: Array<{ name: string; elemType: number; dims: Array<number | string> }>;
    outputs: Array<{ name: string; elemType: number; dims: Array<number | string> }>;
    opsets: Record<string, number>;
    metadata: Record<string, string>;
    docString: string;
  }): Uint8Array {
    const valueInfo = (v: { name: string; elemType: number; dims: Array<number | string> }) => ({
      name: v.name,
      type: {
        tensorType: {
          elemType: v.elemType,
          shape: { dim: v.dims.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) },
        },
      },
    });
    const message = ModelProto.create({
      irVersion: 8,
      producerName: "sentiment-graph-model",
      producerVersion: "1",
      docString: options.docString,
      opsetImport: Object.entries(options.opsets).map(([domain, version]) => ({ domain, version })),
      metadataProps: Object.keys(options.metadata)
        .sort()
        .map((key) => ({ key, value: options.metadata[key] })),
      graph: {
        name: options.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: options.inputs.map(valueInfo),
        output: options.outputs.map(valueInfo),
      },
    });
    return ModelProto.encode(message).finish();
  }
}
