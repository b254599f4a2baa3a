namespace Appliance.Sip.Message;

/// <summary>SIP request methods the stack knows; anything else is <see cref="Unknown"/> with the raw token kept on the message.</summary>
public enum SipMethod : byte
{
    Unknown = 0,
    Invite,
    Ack,
    Bye,
    Cancel,
    Options,
    Register,
    Info,
    Update,
    Prack,
    Subscribe,
    Notify,
    Refer,
    Message,
    Publish,
}
