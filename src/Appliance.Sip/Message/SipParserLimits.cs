namespace Appliance.Sip.Message;

/// <summary>Bounds the parser enforces before any work proportional to hostile input.</summary>
public sealed record SipParserLimits
{
    /// <summary>Defaults: 64 KiB message, 128 headers, 8 KiB line.</summary>
    public static SipParserLimits Default { get; } = new();

    /// <summary>Largest whole message (start line, headers and body) in bytes.</summary>
    public int MaxMessageSize { get; init; } = 64 * 1024;

    /// <summary>Most header fields (lines, not comma-separated values).</summary>
    public int MaxHeaderCount { get; init; } = 128;

    /// <summary>Longest start line or header field, folded continuation lines included.</summary>
    public int MaxLineLength { get; init; } = 8 * 1024;
}
