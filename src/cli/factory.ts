// What commands are given rather than reach for, as gh's cmdutil.Factory: the streams, the profiles
// file, the SDK's clock and how to connect. `vcdkit` uses the process's; tests hand in their own.
import password from '@inquirer/password';
import { VcdClient, type ClientClock, type ConnectOptions } from '../sdk/index.ts';
import { systemIO, type IOStreams } from './io.ts';
import { profileStore, type ProfileStore } from './profiles.ts';

/** Questions asked on the terminal (only when stdin is one). */
export interface Prompter {
  /** a hidden answer, masked as it is typed */
  password(message: string): Promise<string>;
}

export interface Factory {
  io: IOStreams;
  prompter: Prompter;
  profiles: ProfileStore;
  /** the clock the SDK waits on (task polling); the system's unless a test drives it */
  clock?: ClientClock | undefined;
  /** calls `handler` on Ctrl-C until the returned function is called (only while a command waits) */
  onInterrupt(handler: () => void): () => void;
  connect(url: string, options: ConnectOptions): Promise<VcdClient>;
  /** the last client connected, so an error report can name the API versions its server offers */
  lastClient?: VcdClient | undefined;
}

export function systemFactory(io: IOStreams = systemIO()): Factory {
  const f: Factory = {
    io,
    prompter: { password: (message) => password({ message, mask: true }, { output: process.stderr }) },
    profiles: profileStore(io.env),
    onInterrupt: (handler) => {
      process.once('SIGINT', handler);
      return () => void process.off('SIGINT', handler);
    },
    connect: async (url, options) => (f.lastClient = await VcdClient.connect(url, { ...options, ...(f.clock && { clock: f.clock }) })),
  };
  return f;
}
