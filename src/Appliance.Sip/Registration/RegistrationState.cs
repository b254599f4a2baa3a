namespace Appliance.Sip.Registration;

public enum RegistrationState
{
    /// <summary>Not registered and not trying (before start, after unregistering).</summary>
    Unregistered,

    /// <summary>A REGISTER is in flight without a current binding.</summary>
    Registering,

    /// <summary>The registrar holds our binding.</summary>
    Registered,

    /// <summary>The last attempt failed; the next one waits for the backoff.</summary>
    Failed,
}
