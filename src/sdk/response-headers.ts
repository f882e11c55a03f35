// A response's headers as the WHATWG Headers callers know from fetch, read straight from Node's raw header
// list. get() and has(), which the SDK itself calls on every response, scan that list; anything else builds a
// real Headers once and answers from it (building one per response cost more CPU than the rest of the SDK's
// own code on a request).

export class ResponseHeaders implements Headers {
  readonly #raw: string[];
  #full: Headers | undefined;

  /** `raw`: name, value, name, value… as IncomingMessage.rawHeaders gives them */
  constructor(raw: string[]) {
    this.#raw = raw;
  }

  get(name: string): string | null {
    if (this.#full) return this.#full.get(name);
    const wanted = name.toLowerCase();
    let value: string | null = null;
    for (let i = 0; i < this.#raw.length; i += 2) {
      if (this.#raw[i]!.toLowerCase() === wanted) value = value === null ? this.#raw[i + 1]! : `${value}, ${this.#raw[i + 1]}`;
    }
    return value;
  }

  has(name: string): boolean {
    return this.get(name) !== null;
  }

  getSetCookie(): string[] { return this.#headers().getSetCookie(); }
  append(name: string, value: string): void { this.#headers().append(name, value); }
  set(name: string, value: string): void { this.#headers().set(name, value); }
  delete(name: string): void { this.#headers().delete(name); }
  forEach(callback: (value: string, key: string, parent: Headers) => void, thisArg?: unknown): void {
    this.#headers().forEach((value, key) => callback.call(thisArg, value, key, this));
  }

  entries(): HeadersIterator<[string, string]> { return this.#headers().entries(); }
  keys(): HeadersIterator<string> { return this.#headers().keys(); }
  values(): HeadersIterator<string> { return this.#headers().values(); }
  [Symbol.iterator](): HeadersIterator<[string, string]> { return this.#headers()[Symbol.iterator](); }

  #headers(): Headers {
    if (!this.#full) {
      this.#full = new Headers();
      for (let i = 0; i < this.#raw.length; i += 2) this.#full.append(this.#raw[i]!, this.#raw[i + 1]!);
    }
    return this.#full;
  }
}
