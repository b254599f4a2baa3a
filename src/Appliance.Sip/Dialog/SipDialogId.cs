namespace Appliance.Sip.Dialog;

/// <summary>
/// A dialog's identity (RFC 3261 §12): Call-ID, local tag, remote tag. For a received in-dialog request the local tag is
/// its To tag and the remote tag its From tag, whichever side created the dialog.
/// </summary>
public readonly record struct SipDialogId(string CallId, string LocalTag, string RemoteTag)
{
    public override string ToString() => $"{CallId};local={LocalTag};remote={RemoteTag}";
}
