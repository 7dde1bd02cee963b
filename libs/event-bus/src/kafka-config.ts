export interface KafkaSettings {
  brokers: string[];
  topic: string;
  partitions: number;
  /** This node's name: its consumer group is `cocrea-node-<nodeId>`, so every node reads every event. */
  nodeId: string;
  clientId?: string;
}

/** Kafka messages carry one recorded event: key = stream id, value = the event as JSON, headers = where it is. */
export const HEADER_POSITION = 'cocrea-position';
export const HEADER_TYPE = 'cocrea-type';
export const HEADER_EVENT_ID = 'cocrea-event-id';
