/**
 * The small interface core algorithms (range test, noise scale, sweeps) are written against.
 * The tfjs engine implements it; tests implement it with tiny pure-TS fakes.
 */
export interface StepTrainer<S = unknown> {
  /** Set the learning rate used by the next `trainBatch()`. */
  setLearningRate(lr: number): void;
  /** Set momentum (or Adam's beta1) for the next step, where the optimizer has one. */
  setMomentum?(momentum: number): void;
  /** One optimizer step on the next batch of the data stream; resolves to that batch's loss. */
  trainBatch(): Promise<number>;
  /**
   * Loss on a fixed held-out batch (the same rows at every call), without training: the range
   * test's `valLoss` mode records it after each step instead of the training batch's loss.
   */
  heldOutLoss?(): Promise<number>;
  /** Loss and accuracy on the validation set (accuracy as a fraction in [0, 1]). */
  evaluate?(): Promise<{ loss: number; accuracy: number }>;
  /** Optimizer steps in one epoch of the training data. */
  readonly stepsPerEpoch: number;
  /** Capture weights, optimizer state, RNG and data position, in memory. */
  snapshot(): Promise<S>;
  /** Return exactly (bitwise) to a snapshot; training then continues as it would have from there. */
  restore(snapshot: S): Promise<void>;
  /** Free a snapshot's memory (tensors), once it is no longer needed. */
  disposeSnapshot?(snapshot: S): void;
}
