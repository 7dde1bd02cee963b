import { Client } from 'pg';

/** The PostgreSQL that tests and benchmarks use: POSTGRES_URL, or the local server (trust auth, database `test`). */
export const TEST_POSTGRES_URL = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Runs `work` on a connection of its own to the test PostgreSQL, closed afterwards. */
export const withPostgresClient = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};
