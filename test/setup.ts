// Test-wide set-up: tests always run in the "test" mode with quiet logs.
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'silent';
