namespace Appliance.Pipeline.Frames;

/// <summary>A DTMF key the caller pressed (0-9, *, #, A-D).</summary>
/// <param name="digit">The key.</param>
public sealed class DtmfFrame(char digit) : SystemFrame
{
    /// <summary>The key.</summary>
    public char Digit { get; } = digit;
}
