// Preloaded into the kit's process by a test (node --import): after EXIT_AFTER_MS, something in the
// kit's own process calls process.exit(0) in the middle of a run, the way an adapter loaded into
// the kit's process once could. The kit must not end with 0.
setTimeout(() => process.exit(0), Number(process.env.EXIT_AFTER_MS ?? 8000)).unref();
