using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.GrainDirectory;

/// <summary>Argument checks shared by the grain directories, and the stored form of an entry.</summary>
internal static class GrainAddresses
{
    private const char Separator = '|';

    public static void Validate(GrainId grainId, string parameterName)
    {
        if (grainId.IsDefault)
        {
            throw new ArgumentException("The grain id is the default value, which names no grain.", parameterName);
        }
    }

    public static void Validate(GrainAddress address, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(address, parameterName);
        Validate(address.GrainId, parameterName);
        MembershipRows.Validate(address.Silo, parameterName);
        if (string.IsNullOrEmpty(address.ActivationId))
        {
            throw new ArgumentException("The grain address has no activation id.", parameterName);
        }
    }

    public static void Validate(IReadOnlyList<SiloAddress> silos, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(silos, parameterName);
        foreach (var silo in silos)
        {
            MembershipRows.Validate(silo, parameterName);
        }
    }

    public static void ValidatePrevious(GrainAddress address, GrainAddress? previous)
    {
        if (previous is not null)
        {
            Validate(previous, nameof(previous));
            if (previous.GrainId != address.GrainId)
            {
                throw new ArgumentException($"The previous entry is of grain {previous.GrainId}, not of {address.GrainId}.", nameof(previous));
            }
        }
    }

    /// <summary>"{silo}|{activationId}": a silo address never contains '|', so the silo is everything before the first one.</summary>
    public static string Encode(GrainAddress address) => address.Silo.ToParsableString() + Separator + address.ActivationId;

    public static GrainAddress Decode(GrainId grainId, string value)
    {
        var separator = value.IndexOf(Separator, StringComparison.Ordinal);
        if (separator <= 0)
        {
            throw new FormatException($"The directory entry of grain {grainId} is not '{{silo}}|{{activationId}}': '{value}'.");
        }

        return new GrainAddress(grainId, SiloAddress.FromParsableString(value[..separator]), value[(separator + 1)..]);
    }
}
