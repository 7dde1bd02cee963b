/**
 * Crash-test writer: appends forever to the SQLite file given as argument, from several concurrent writers,
 * and prints `<streamId> <revision> <position>` for each acknowledged append. The SQLite spec kills it with
 * SIGKILL mid-stream and checks that every printed append survived.
 *
 *   npx tsx libs/event-store/src/testing/append-until-killed.ts <file> [writers]
 */
import { SqliteEventStore } from '../sqlite/sqlite-event-store';

const [filename, writersArgument = '8'] = process.argv.slice(2);
if (!filename) {
  console.error('usage: append-until-killed <file> [writers]');
  process.exit(2);
}
const store = new SqliteEventStore({ filename });

const write = async (writer: number): Promise<never> => {
  const streamId = `proposal-${writer}`;
  let { revision } = await store.streamRevision(streamId);
  for (;;) {
    const result = await store.appendToStream(
      streamId,
      [{ type: 'SectionEdited', data: { writer, text: `edit ${revision + 1}` }, metadata: { actorId: `writer-${writer}` } }],
      { expectedRevision: revision },
    );
    revision = result.revision;
    // Writing to a pipe is synchronous on Linux: once printed, the parent can hold us to it.
    process.stdout.write(`${result.streamId} ${result.revision} ${result.position}\n`);
  }
};

Promise.all(Array.from({ length: Number(writersArgument) }, (_, writer) => write(writer))).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
