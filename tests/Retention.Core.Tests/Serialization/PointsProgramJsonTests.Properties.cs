using FsCheck.Xunit;
using Retention.Loyalty;
using Retention.Serialization;

namespace Retention.Tests.Serialization;

/// <summary>Round trips over random valid programs.</summary>
public sealed partial class PointsProgramJsonTests
{
    [Property(Arbitrary = [typeof(PointsProgramArbitraries)], MaxTest = 200)]
    public void ReadWrite_AnyProgram_RoundTripsToEqualPropertiesAndTheSameText(PointsProgram program)
    {
        var json = PointsProgramJson.Write(program);

        var read = PointsProgramJson.Read(json);

        ProgramAssert.Equivalent(program, read);
        Assert.Equal(json, PointsProgramJson.Write(read));
        Assert.Equal(PointsProgramJson.Write(program, indented: false), PointsProgramJson.Write(PointsProgramJson.Read(PointsProgramJson.Write(program, indented: false)), indented: false));
    }

    [Property(Arbitrary = [typeof(PointsProgramArbitraries)], MaxTest = 200)]
    public void Write_RebuiltProgram_GivesTheSameText(PointsProgram program)
    {
        // Sets and maps are written sorted, so the order settings were added in never shows.
        var rebuilt = program.ToBuilder().Build();

        Assert.Equal(PointsProgramJson.Write(program), PointsProgramJson.Write(rebuilt));
    }
}
