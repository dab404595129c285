"""Each region's tile on the map of regions: a tile grid where every federal subject gets one
equal square placed roughly where it lies (west to east by column, north to south by row),
as compact tile maps of Russia do. The grid below is the layout itself, one code (without
``RU-``) per tile; a dot is sea or nothing.
"""

from django.db import migrations

GRID = """
    .   .   .   MUR .   .   .   .   .   .   .   .   .   .   CHU
    .   .   KR  ARK NEN .   YAN .   .   .   .   .   SA  MAG KAM
    .   SPE LEN VLG KO  .   KHM .   .   .   KYA .   AMU KHA SAK
    KGD PSK NGR YAR KOS KIR PER SVE TYU TOM IRK BU  ZAB YEV PRI
    .   SMO TVE MOW IVA NIZ ME  UD  KGN NVS KEM KK  .   .   .
    .   BRY KLU MOS VLA CU  TA  BA  CHE OMS ALT TY  .   .   .
    .   KRS ORL TUL RYA MO  ULY SAM ORE .   AL  .   .   .   .
    LPR BEL VOR LIP TAM PNZ SAR .   .   .   .   .   .   .   .
    DPR ROS VGG AST .   .   .   .   .   .   .   .   .   .   .
    ZAP KDA STA KL  .   .   .   .   .   .   .   .   .   .   .
    KHE AD  KC  KB  SE  IN  CE  DA  .   .   .   .   .   .   .
    CR  SEV .   .   .   .   .   .   .   .   .   .   .   .   .
"""


def tiles():
    """{"RU-CHE": (col, row), ...} from the grid above."""
    cells = {}
    for row, line in enumerate(GRID.strip("\n").splitlines()):
        for col, token in enumerate(line.split()):
            if token != ".":
                cells["RU-" + token] = (col, row)
    return cells


def place(apps, schema_editor):
    Region = apps.get_model("organizations", "Region")
    for code, (col, row) in tiles().items():
        Region.objects.filter(code=code).update(grid_col=col, grid_row=row)


def unplace(apps, schema_editor):
    apps.get_model("organizations", "Region").objects.update(grid_col=None, grid_row=None)


class Migration(migrations.Migration):
    dependencies = [("organizations", "0009_region_grid")]

    operations = [migrations.RunPython(place, unplace)]
