import { execFileSync } from 'node:child_process';

/** An element of a parsed document: tag (namespace dropped), attributes, text and children. */
export interface XmlElement {
  tag: string;
  attributes: Record<string, string>;
  /** The element's own text plus that of its descendants, in document order. */
  text: string;
  children: XmlElement[];
}

// A real, strict XML parser (Python's expat) rather than one written for the test: a report
// that is not well-formed must fail here exactly as it would in a CI system's JUnit reader.
const PARSER = `
import json, sys, xml.etree.ElementTree as ET
def walk(e):
    return {"tag": e.tag.split("}")[-1], "attributes": {k.split("}")[-1]: v for k, v in e.attrib.items()},
            "text": "".join(e.itertext()), "children": [walk(c) for c in e]}
print(json.dumps(walk(ET.fromstring(sys.stdin.buffer.read()))))
`;

/** Parses XML text strictly; throws with the parser's message (line, column) when it is not well-formed. */
export function parseXml(text: string): XmlElement {
  try {
    return JSON.parse(
      execFileSync('python3', ['-c', PARSER], { input: text, encoding: 'utf8' }),
    ) as XmlElement;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`not well-formed XML: ${stderr.trim().split('\n').at(-1) ?? (error as Error).message}`, {
      cause: error,
    });
  }
}

/** Every element below (and including) `root` with the given tag, in document order. */
export function findAll(root: XmlElement, tag: string): XmlElement[] {
  const found = root.tag === tag ? [root] : [];
  for (const child of root.children) found.push(...findAll(child, tag));
  return found;
}
