namespace Appliance.Admin;

/// <summary>Why a call API request was refused by <see cref="BearerToken"/>.</summary>
internal enum BearerRefusal
{
    None,

    /// <summary>No "Authorization: Bearer" header.</summary>
    Missing,

    /// <summary>A token that is not the configured one.</summary>
    Invalid,

    /// <summary>No token is configured and the client is not on loopback.</summary>
    NotLoopback,
}
