// A start the cell refuses, before it serves anything: what is wrong, and (hint) what to do about it.
export class StartRefused extends Error {
  override name = 'StartRefused';
  readonly hint: string;
  constructor(message: string, hint: string) {
    super(message);
    this.hint = hint;
  }
}
