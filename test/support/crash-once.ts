import {
  type DurableExecutionInvocationInput,
  DurableExecutionInvocationInputWithClient,
  type DurableLambdaHandler,
} from '@aws/durable-execution-sdk-js';
import type { Context } from 'aws-lambda';

/**
 * Plays a crash of the first invocation: once `crashed` resolves (the step has done its harm: the
 * POST went out, say), that invocation is abandoned, its step never checkpointed, and the durable
 * function is invoked again on the execution's state as the checkpoint server holds it, the way
 * Lambda re-invokes an execution whose invocation died. Whatever the abandoned invocation does
 * next must not matter: the test makes it hang. Invocations after the first are passed through.
 */
const crashOnce = (handler: DurableLambdaHandler, crashed: Promise<void>): DurableLambdaHandler => {
  let invocations = 0;
  return (async (event: DurableExecutionInvocationInputWithClient, context: Context) => {
    invocations += 1;
    if (invocations > 1) return handler(event, context);
    const first = handler(event, context);
    const winner = await Promise.race([first.then(() => 'finished' as const), crashed.then(() => 'crashed' as const)]);
    if (winner === 'finished') return first;
    const client = event.durableExecutionClient;
    const state = await client.getExecutionState({
      DurableExecutionArn: event.DurableExecutionArn,
      CheckpointToken: event.CheckpointToken,
      Marker: '',
    });
    const replay: DurableExecutionInvocationInput = {
      DurableExecutionArn: event.DurableExecutionArn,
      CheckpointToken: event.CheckpointToken,
      InitialExecutionState: { Operations: state.Operations ?? [] },
    };
    return handler(new DurableExecutionInvocationInputWithClient(replay, client), context);
  }) as DurableLambdaHandler;
};

export { crashOnce };
