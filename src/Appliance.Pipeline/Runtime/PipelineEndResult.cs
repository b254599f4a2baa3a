namespace Appliance.Pipeline.Runtime;

/// <summary>How a pipeline task finished.</summary>
/// <param name="Reason">Why it finished.</param>
/// <param name="Detail">The fatal error's message, or other detail for logs; null when there is nothing to add.</param>
public sealed record PipelineEndResult(PipelineEndReason Reason, string? Detail = null);
