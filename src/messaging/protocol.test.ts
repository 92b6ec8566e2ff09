import { describe, expectTypeOf, it } from 'vitest';
import type { Diagnosis } from '../core/diagnosis/diagnosis.ts';
import type { ProtocolHandlers } from './handle-messages.ts';
import type { EffectiveSettings, GuidedStart, PopupState, StoredFlow } from './protocol.ts';
import type { sendMessage } from './send-message.ts';

type Send = typeof sendMessage;

// Type tests: these lines are checked by `tsc -p tsconfig.node.json`; a wrong payload or result
// type is a compile error, and each @ts-expect-error fails the build if the error disappears.
describe('Protocol types', () => {
  it('derives each call result from the protocol declaration', () => {
    expectTypeOf<ReturnType<typeof sendMessage<'getState'>>>().toEqualTypeOf<Promise<PopupState>>();
    expectTypeOf<ReturnType<typeof sendMessage<'getFlow'>>>().toEqualTypeOf<Promise<StoredFlow | undefined>>();
    expectTypeOf<ReturnType<typeof sendMessage<'saveSettings'>>>().toEqualTypeOf<Promise<EffectiveSettings>>();
    expectTypeOf<ReturnType<typeof sendMessage<'startGuidedDiagnose'>>>().toEqualTypeOf<Promise<GuidedStart>>();
    expectTypeOf<ReturnType<typeof sendMessage<'rediagnose'>>>().toEqualTypeOf<Promise<Diagnosis | undefined>>();
    expectTypeOf<Parameters<typeof sendMessage<'getFlow'>>>().toEqualTypeOf<['getFlow', string]>();
  });

  it('rejects wrong method names and wrong arguments at compile time', () => {
    const misuse = (send: Send) => {
      // @ts-expect-error -- not a protocol method
      void send('deleteEverything');
      // @ts-expect-error -- getFlow takes a flow id string
      void send('getFlow', 42);
      // @ts-expect-error -- getFlow needs its argument
      void send('getFlow');
      // @ts-expect-error -- getState takes no argument
      void send('getState', 'extra');
    };
    expectTypeOf(misuse).toBeFunction();
  });

  it('requires a handler for every method, with the protocol result type', () => {
    expectTypeOf<keyof ProtocolHandlers>().toEqualTypeOf<
      'getState' | 'getFlow' | 'startGuidedDiagnose' | 'clearFlows' | 'saveSettings' | 'rediagnose' | 'getExportInput' | 'reportPage'
    >();
    expectTypeOf<ReturnType<ProtocolHandlers['getFlow']>>().toEqualTypeOf<StoredFlow | undefined | Promise<StoredFlow | undefined>>();
    // @ts-expect-error -- a handler map missing methods does not satisfy ProtocolHandlers
    const incomplete = { getState: () => undefined } satisfies ProtocolHandlers;
    expectTypeOf(incomplete).not.toBeNever();
  });
});
