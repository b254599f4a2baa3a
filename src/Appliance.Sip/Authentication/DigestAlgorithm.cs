namespace Appliance.Sip.Authentication;

/// <summary>The digest algorithms of RFC 2617 and RFC 7616 that SIP servers use.</summary>
public enum DigestAlgorithm
{
    Md5,
    Md5Sess,
    Sha256,
    Sha256Sess,
}
