import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';

/** A place in a file, 1-based. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** One problem found in a pipeline file. */
export interface ConfigProblem extends SourcePosition {
  readonly file: string;
  /** Dotted path of the value, e.g. `jobs.load.retries.max_retries`. */
  readonly path: string;
  readonly message: string;
}

/** A parsed YAML file that can say where any of its values is. */
export class YamlFile {
  readonly file: string;
  /** The plain value (objects, arrays, scalars). */
  readonly value: unknown;
  readonly #document: ReturnType<typeof parseDocument>;
  readonly #lines: LineCounter;

  private constructor(file: string, document: ReturnType<typeof parseDocument>, lines: LineCounter, value?: unknown) {
    this.file = file;
    this.#document = document;
    this.#lines = lines;
    this.value = value === undefined ? document.toJS({ maxAliasCount: 100 }) : value;
  }

  /** The same file (and positions) with another value, e.g. after `${...}` were resolved. */
  withValue(value: unknown): YamlFile {
    return new YamlFile(this.file, this.#document, this.#lines, value);
  }

  /** Parses `text`; syntax errors (and duplicate keys) come back as problems instead. */
  static parse(file: string, text: string): YamlFile | ConfigProblem[] {
    const lines = new LineCounter();
    const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    if (document.errors.length > 0) {
      return document.errors.map((error) => {
        const { line, col } = lines.linePos(error.pos[0]);
        return { file, line, column: col, path: '', message: error.message.split('\n')[0] ?? error.code };
      });
    }
    return new YamlFile(file, document, lines);
  }

  /**
   * Where the value at `path` is (its key, with `atKey`); the nearest existing parent when
   * the value is missing.
   */
  locate(path: readonly PropertyKey[], atKey = false): SourcePosition {
    let node: unknown = this.#document.contents;
    let position = this.#position(node);
    for (const [i, segment] of path.entries()) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
        if (!pair) break;
        const last = i === path.length - 1;
        position = this.#position(atKey && last ? pair.key : (pair.value ?? pair.key));
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
        node = node.items[segment];
        position = this.#position(node);
      } else {
        break;
      }
    }
    return position;
  }

  /** A problem at `path`. */
  problem(path: readonly PropertyKey[], message: string, atKey = false): ConfigProblem {
    return { file: this.file, ...this.locate(path, atKey), path: path.map(String).join('.'), message };
  }

  #position(node: unknown): SourcePosition {
    const range = (node as Node | null)?.range;
    if (!range) return { line: 1, column: 1 };
    const { line, col } = this.#lines.linePos(range[0]);
    return { line, column: col };
  }
}
