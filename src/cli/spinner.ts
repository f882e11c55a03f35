// A spinner on a terminal, redrawn in place with a carriage return and erase-line, so it needs no more
// of the stream than write(): any Terminal will do, including a test's buffer.
import type { Terminal } from './io.ts';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const CLEAR = '\r\u001b[K';

export interface Spinner {
  update(text: string): void;
  stop(): void;
}

export function startSpinner(out: Terminal, text: string): Spinner {
  let frame = 0;
  let current = text;
  const draw = () => { out.write(`${CLEAR}${FRAMES[frame++ % FRAMES.length]} ${current}`); };
  out.write('\u001b[?25l');
  draw();
  const timer = setInterval(draw, 80);
  timer.unref();
  return {
    update: (t) => { current = t; draw(); },
    stop: () => { clearInterval(timer); out.write(`${CLEAR}\u001b[?25h`); },
  };
}
