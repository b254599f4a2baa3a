namespace Appliance.Providers.Realtime;

/// <summary>Runs the functions a realtime model calls (other than the built-in <c>end_call</c> and <c>transfer_call</c>).</summary>
public interface IToolHandler
{
    /// <summary>Runs <paramref name="name"/> with the model's JSON arguments and returns the result as JSON text.</summary>
    /// <remarks>Called off the media path; an exception is reported to the model as <c>{"error":"..."}</c>.</remarks>
    ValueTask<string> HandleAsync(string name, string argumentsJson, CancellationToken cancellationToken);
}
