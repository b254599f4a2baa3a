using System.Buffers.Binary;
using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;

namespace Appliance.Sip.Transport;

/// <summary>
/// An IPv4/IPv6 address and port held inline, so receive paths can record a peer without allocating an
/// <see cref="IPEndPoint"/> per packet. Usable as a dictionary key (TCP connection table).
/// </summary>
public readonly struct SipEndPoint : IEquatable<SipEndPoint>
{
    private readonly ulong _high;
    private readonly ulong _low;

    private SipEndPoint(AddressFamily family, ulong high, ulong low, int port)
    {
        Family = family;
        _high = high;
        _low = low;
        Port = port;
    }

    public AddressFamily Family { get; }

    public int Port { get; }

    public bool IsIPv6 => Family == AddressFamily.InterNetworkV6;

    public static SipEndPoint FromIPEndPoint(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        Span<byte> bytes = stackalloc byte[16];
        endPoint.Address.TryWriteBytes(bytes, out int written);
        return FromBytes(endPoint.AddressFamily, bytes[..written], endPoint.Port);
    }

    /// <summary>Parses an IP literal host as found in a URI or Via ("192.0.2.1", "[2001:db8::1]"); false for host names (resolve them first).</summary>
    public static bool TryParse(ReadOnlySpan<byte> host, int port, out SipEndPoint endPoint)
    {
        endPoint = default;
        if (host.Length > 2 && host[0] == '[' && host[^1] == ']')
        {
            host = host[1..^1];
        }

        if (port is < 0 or > 65535 || !IPAddress.TryParse(host, out IPAddress? address))
        {
            return false;
        }

        endPoint = FromIPEndPoint(new IPEndPoint(address, port));
        return true;
    }

    /// <summary>Reads a native socket address (as filled by ReceiveFromAsync) without allocating.</summary>
    public static SipEndPoint FromSocketAddress(SocketAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        ReadOnlySpan<byte> raw = address.Buffer.Span;
        int port = BinaryPrimitives.ReadUInt16BigEndian(raw[2..]);
        return address.Family == AddressFamily.InterNetworkV6
            ? FromBytes(AddressFamily.InterNetworkV6, raw.Slice(8, 16), port)
            : FromBytes(AddressFamily.InterNetwork, raw.Slice(4, 4), port);
    }

    /// <summary>The same address with another port (a Via sent-by port for a response over a new connection).</summary>
    public SipEndPoint WithPort(int port) => new(Family, _high, _low, port);

    public IPEndPoint ToIPEndPoint() => new(ToIPAddress(), Port);

    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        WriteAddressBytes(bytes);
        return new IPAddress(IsIPv6 ? bytes : bytes[..4]);
    }

    /// <summary>Fills a socket address of the same family (e.g. a per-transport reusable one) for SendTo.</summary>
    public void CopyTo(SocketAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> raw = address.Buffer.Span;
        BinaryPrimitives.WriteUInt16BigEndian(raw[2..], (ushort)Port);
        if (IsIPv6)
        {
            raw.Slice(4, 4).Clear();
            WriteAddressBytes(raw.Slice(8, 16));
        }
        else
        {
            WriteAddressBytes(raw.Slice(4, 4));
        }
    }

    /// <summary>Writes the address as text (IPv6 without brackets, as Via received= wants); returns the length, or -1 if it does not fit.</summary>
    public int FormatAddress(Span<byte> destination)
    {
        if (IsIPv6)
        {
            // Rare path (IPv6 peers): IPAddress formats RFC 5952 text correctly; it costs one small allocation.
            return ToIPAddress().TryFormat(destination, out int written) ? written : -1;
        }

        int length = 0;
        uint value = (uint)_low;
        for (int shift = 24; shift >= 0; shift -= 8)
        {
            if (!Utf8Formatter.TryFormat((byte)(value >> shift), destination[length..], out int digits))
            {
                return -1;
            }

            length += digits;
            if (shift > 0)
            {
                if (length >= destination.Length)
                {
                    return -1;
                }

                destination[length++] = (byte)'.';
            }
        }

        return length;
    }

    public bool Equals(SipEndPoint other) => Family == other.Family && Port == other.Port && _high == other._high && _low == other._low;

    public override bool Equals(object? obj) => obj is SipEndPoint other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_high, _low, Port);

    public static bool operator ==(SipEndPoint left, SipEndPoint right) => left.Equals(right);

    public static bool operator !=(SipEndPoint left, SipEndPoint right) => !left.Equals(right);

    public override string ToString() => ToIPEndPoint().ToString();

    private static SipEndPoint FromBytes(AddressFamily family, ReadOnlySpan<byte> bytes, int port) => family == AddressFamily.InterNetworkV6
        ? new SipEndPoint(family, BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]), port)
        : new SipEndPoint(AddressFamily.InterNetwork, 0, BinaryPrimitives.ReadUInt32BigEndian(bytes), port);

    private void WriteAddressBytes(Span<byte> destination)
    {
        if (IsIPv6)
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
            BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)_low);
        }
    }
}
