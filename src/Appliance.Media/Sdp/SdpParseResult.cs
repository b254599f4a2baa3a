namespace Appliance.Media.Sdp;

/// <summary>Outcome of <see cref="SdpParser.Parse(string)"/>: a description, or an error and the 1-based line it was found on.</summary>
public readonly record struct SdpParseResult(SessionDescription? Description, SdpParseError Error, int Line)
{
    public bool Success => Description is not null;
}
