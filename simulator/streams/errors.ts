/** Kafka's `TopologyException`: the topology is malformed (found when it is built or described). */
export class TopologyException extends Error {
  constructor(message: string) {
    super(`Invalid topology: ${message}`);
    this.name = 'TopologyException';
  }
}

/** Kafka's `StreamsException`: processing failed (a misused store, a bad record, a bad config). */
export class StreamsException extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StreamsException';
  }
}
