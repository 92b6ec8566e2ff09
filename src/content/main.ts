// Content script entry: wiring only.
export {};
