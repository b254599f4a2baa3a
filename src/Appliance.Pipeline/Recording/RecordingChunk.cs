namespace Appliance.Pipeline.Recording;

/// <summary>Samples on their way to the recording writer, in a buffer rented from the shared array pool.</summary>
internal readonly record struct RecordingChunk(RecordingChannel Channel, short[] Buffer, int Length);
