using System.Text.Json.Serialization;
using Appliance.Calls;

namespace Appliance.Admin;

/// <summary>
/// A call as the call API shows it: the call layer's <see cref="CallStatus"/> as seen at <paramref name="Now"/>
/// (which fixes the running duration of a live call). <see cref="CallResourceJsonConverter"/> writes the JSON
/// straight from the status, so the call's fields are modelled once, in the call layer.
/// </summary>
[JsonConverter(typeof(CallResourceJsonConverter))]
internal readonly record struct CallResource(CallStatus Status, DateTimeOffset Now);
