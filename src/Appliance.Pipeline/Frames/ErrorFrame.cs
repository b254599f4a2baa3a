namespace Appliance.Pipeline.Frames;

/// <summary>An error reported upstream; a fatal one ends the call.</summary>
/// <param name="message">What went wrong, for logs and the end reason.</param>
/// <param name="fatal">True when the call cannot continue and should be hung up.</param>
/// <param name="source">Name of the processor that reported it.</param>
/// <param name="exception">The exception behind it, when there was one.</param>
public sealed class ErrorFrame(string message, bool fatal, string? source = null, Exception? exception = null) : SystemFrame
{
    /// <summary>What went wrong.</summary>
    public string Message { get; } = message;

    /// <summary>True when the call cannot continue.</summary>
    public bool Fatal { get; } = fatal;

    /// <summary>Name of the processor that reported it.</summary>
    public string? Source { get; } = source;

    /// <summary>The exception behind it, when there was one.</summary>
    public Exception? Exception { get; } = exception;

    /// <inheritdoc/>
    public override string ToString() => $"ErrorFrame({(Fatal ? "fatal" : "non-fatal")}, {Source}: {Message})";
}
