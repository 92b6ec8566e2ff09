// Entry: wiring only. Listeners are registered synchronously at top level so events wake the worker.
export {};
