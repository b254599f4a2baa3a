namespace Appliance.Sip.Message;

/// <summary>URI schemes the stack routes; any other absolute URI parses as <see cref="Other"/> (a Request-URI with it gets 416).</summary>
public enum SipUriScheme : byte
{
    Other = 0,
    Sip,
    Sips,
    Tel,
}
