import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/** A path into a parsed document: object keys and array indices. */
export type DocumentPath = readonly (string | number)[];

/** Renders a path people can find in the file: `spec.templates[2].networkChaos`. */
export function formatPath(path: DocumentPath): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index > 0 ? '.' : ''}${segment}`,
    )
    .join('');
}

/** Maps document paths to 1-based lines of the file they came from. */
export class SourceLines {
  readonly #document: Document.Parsed;
  readonly #lines: LineCounter;
  /** Added to every line: for YAML embedded in a block scalar of another file. */
  readonly #offset: number;

  constructor(document: Document.Parsed, lines: LineCounter, offset = 0) {
    this.#document = document;
    this.#lines = lines;
    this.#offset = offset;
  }

  #lineOf(offset: number): number {
    return this.#lines.linePos(offset).line + this.#offset;
  }

  /** The document's first line. */
  get start(): number {
    const contents = this.#document.contents;
    return contents?.range ? this.#lineOf(contents.range[0]) : 1 + this.#offset;
  }

  /**
   * The line of the deepest node the path reaches: a map entry's key line (where people look for
   * a field), an item's own line; a path that runs past the document stops at the last existing node.
   */
  lineOf(path: DocumentPath): number {
    let node: unknown = this.#document.contents;
    let line = this.start;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isScalar(item.key) && String(item.key.value) === String(segment),
        );
        if (!pair) break;
        const key = pair.key as Node;
        if (key.range) line = this.#lineOf(key.range[0]);
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment] as Node | undefined;
        if (!item) break;
        if (item.range) line = this.#lineOf(item.range[0]);
        node = item;
      } else {
        break;
      }
    }
    return line;
  }

  /** The node at a path (for the line where an embedded value's text starts). */
  nodeAt(path: DocumentPath): Node | undefined {
    return this.#document.getIn(path, true) as Node | undefined;
  }

  /** The line a node's range starts on. */
  lineOfNode(node: Node): number {
    return node.range ? this.#lineOf(node.range[0]) : this.start;
  }
}
