/** National agreements and allocation keys: from the national total to each county's parts. */
export * from './counties';
export * from './ages';
export * from './largestRemainder';
export * from './population';
export * from './keys';
export * from './agreement';
export * from './allocate';
