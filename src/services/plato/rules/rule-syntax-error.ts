/** A condition that does not follow the grammar; `position` is the 0-based offset of the problem. */
export class RuleSyntaxError extends Error {
  readonly position: number;

  constructor(message: string, position: number) {
    super(message);
    this.name = 'RuleSyntaxError';
    this.position = position;
  }
}
