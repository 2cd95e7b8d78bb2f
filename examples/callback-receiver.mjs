// A callback receiver for async runs: verifies each callback with the `standardwebhooks` library
// (any Standard Webhooks library does the same), handles each event once by its webhook-id, and
// prints the events it accepts, one JSON line each.
//
//   CALLBACK_SIGNING_SECRET=whsec_... RECEIVER_PORT=4000 node examples/callback-receiver.mjs
//
// CALLBACK_SIGNING_SECRET  the adapter secret's outbound.callbackSigningSecret
// RECEIVER_PORT            where to listen (default 4000; PORT is the adapter's); give the adapter
//                          "callbackUrl": "http://localhost:4000/" (http is accepted by npm start only)
//
// Answers 204 to a verified callback (and to a verified one it has seen already), 400 to anything
// whose signature or timestamp does not verify. Any 2xx ends the adapter's retries; 410 would stop
// them for good.
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

const secret = process.env.CALLBACK_SIGNING_SECRET;
if (!secret) {
  process.stderr.write('Set CALLBACK_SIGNING_SECRET to the adapter secret’s outbound.callbackSigningSecret.\n');
  process.exit(1);
}
const webhook = new Webhook(secret);
const seen = new Set();

const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    let event;
    try {
      // Checks the signature over webhook-id.webhook-timestamp.body and a timestamp within 5 minutes.
      event = webhook.verify(body, request.headers);
    } catch {
      response.writeHead(400).end();
      return;
    }
    const id = request.headers['webhook-id'];
    if (!seen.has(id)) {
      seen.add(id);
      const { type, data } = event;
      console.log(JSON.stringify({ id, type, runId: data.runId, importJob: data.importJob, problem: data.problem }));
    }
    response.writeHead(204).end();
  });
});

server.listen(Number(process.env.RECEIVER_PORT ?? 4000), '127.0.0.1', () => {
  process.stderr.write(`callback receiver listening on http://localhost:${server.address().port}/\n`);
});
