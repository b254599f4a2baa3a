namespace Appliance.Configuration;

/// <summary>
/// Defaults for list options. The binder appends to a list it finds populated, so lists start
/// empty and are filled here only when the operator gave none.
/// </summary>
internal static class ConfigDefaults
{
    public static void Apply(ApplianceConfig config)
    {
        if (config.Sip.Listen.Count == 0)
        {
            config.Sip.Listen.Add(new SipListenConfig { Transport = "udp", Address = "0.0.0.0", Port = 5060 });
            config.Sip.Listen.Add(new SipListenConfig { Transport = "tcp", Address = "0.0.0.0", Port = 5060 });
        }
        if (config.Media.Codecs.Count == 0)
        {
            config.Media.Codecs.AddRange(["PCMU", "PCMA", "G722"]);
        }
    }
}
