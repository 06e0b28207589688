import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('config', () => {
  it('has working defaults for the embedded marketplace', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toMatch(/data$/);
    expect(config.publicUrl).toBe('http://localhost:8080');
    expect(config.cookieSecure).toBe(false);
  });

  it.each([
    ['PORT', 'eighty', /PORT must be a whole number/],
    ['PORT', '70000', /PORT must be between 0 and 65535/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL must start with postgres:/],
    ['DATABASE_URL', 'not a url', /DATABASE_URL must be a URL/],
    ['REDIS_URL', 'http://x', /REDIS_URL must start with redis:/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
    ['COOKIE_SECURE', 'maybe', /COOKIE_SECURE must be true or false/],
    ['PUBLIC_URL', 'ftp://shop', /PUBLIC_URL must start with http:/],
    ['SEARCH_THREADS', '65', /SEARCH_THREADS must be between 0 and 64/],
    ['SEARCH_THREADS', 'two', /SEARCH_THREADS must be a whole number/],
  ])('names the variable when %s=%s is wrong', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('searches on a thread per core on SQLite, shared among the WORKERS, and on the main thread on PostgreSQL', () => {
    const cores = availableParallelism();
    expect(loadConfig({}).searchThreads).toBe(cores);
    expect(loadConfig({ WORKERS: String(cores) }).searchThreads).toBe(1);
    expect(loadConfig({ WORKERS: String(cores * 4) }).searchThreads).toBe(1);
    expect(loadConfig({ DATABASE_URL: 'postgres://localhost/jishi' }).searchThreads).toBe(cores);
    expect(loadConfig({ DATABASE_URL: 'postgres://localhost/jishi', SEARCH_THREADS: '3' }).searchThreads).toBe(3);
    expect(loadConfig({ SEARCH_THREADS: '0' }).searchThreads).toBe(0);
  });

  it('makes cookies Secure behind an https public address', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://market.example/' })).toMatchObject({
      cookieSecure: true,
      publicUrl: 'https://market.example',
    });
  });
});
