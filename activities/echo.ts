export interface EchoInput {
  message: string;
}

/** Returns its input. The worker health check and the benchmark's bare activity round trip. */
export async function echo(input: EchoInput): Promise<string> {
  return input.message;
}
