// A reader for the DOT files Keras's model_to_dot writes (the golden plot*.dot): one statement per line.

export interface ParsedDot {
  attrs: Record<string, string>;
  /** Node id → HTML label (without the DOT `<…>` brackets), with the cluster it sits in. */
  nodes: Map<string, { label: string; cluster: string | null }>;
  edges: { from: string; to: string }[];
  /** Cluster id → its label (the nested model's name). */
  clusters: Map<string, string>;
}

export function parseDot(text: string): ParsedDot {
  const out: ParsedDot = { attrs: {}, nodes: new Map(), edges: [], clusters: new Map() };
  const stack: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line === 'digraph G {' || line.startsWith('node [')) continue;
    let m: RegExpMatchArray | null;
    if ((m = line.match(/^subgraph (\S+) \{$/))) {
      stack.push(m[1] as string);
      out.clusters.set(m[1] as string, '');
    } else if (line === '}') {
      stack.pop();
    } else if ((m = line.match(/^(\S+) -> (\S+)\s+\[penwidth=2\];$/))) {
      out.edges.push({ from: m[1] as string, to: m[2] as string });
    } else if ((m = line.match(/^(\S+) \[border=0, fontname=Helvetica, label=<(.*)>, margin=0\];$/))) {
      out.nodes.set(m[1] as string, { label: m[2] as string, cluster: stack.at(-1) ?? null });
    } else if ((m = line.match(/^(\w+)=(.*);$/))) {
      const cluster = stack.at(-1);
      if (cluster && m[1] === 'label') out.clusters.set(cluster, m[2] as string);
      else if (!cluster) out.attrs[m[1] as string] = m[2] as string;
    } else {
      throw new Error(`parseDot: unexpected line ${JSON.stringify(line)}`);
    }
  }
  return out;
}

/** Whitespace-insensitive form of an HTML label. */
export const normalizeLabel = (html: string): string => html.replace(/\s+/g, ' ').replace(/> </g, '><').trim();
