export type LogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug';

export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

const ORDER: LogLevel[] = ['silent', 'error', 'warn', 'info', 'debug'];

export const LOG_LEVELS: readonly LogLevel[] = ORDER;

/** A logger writing one line per message to the given sink, dropping messages below `level`. */
export function createLogger(level: LogLevel, sink: (line: string) => void): Logger {
  const rank = ORDER.indexOf(level);
  const at = (l: LogLevel) => (message: string) => {
    if (ORDER.indexOf(l) <= rank) sink(`[houston-mock] ${l}: ${message}`);
  };
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

export const silentLogger: Logger = createLogger('silent', () => undefined);
