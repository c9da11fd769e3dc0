"""Short and familiar forms of given names used in England, so that "Robbie" finds Robert.

One table for every part of Triangulate that compares given names (front-door matching,
register search, record linkage). Each line is a formal name, then the short forms people
use for it. A short form may belong to several formal names ("Alex": Alexander, Alexandra).
Comparisons are on lower-case names with accents removed (see register.names).
"""

from __future__ import annotations

from functools import cache

# formal: short forms
_TABLE = """
abigail: abi, abby, abbie, gail
adam: ad
aidan: aid
albert: al, bert, bertie, alby
alexander: alex, alec, alek, sandy, xander, zander, lex, ali
alexandra: alex, alexa, lexi, lexie, lexy, sandra, sandy, ali, sasha, zandra
alexis: alex, lexi, lexie
alfred: alf, alfie, fred, freddie
alice: ali, allie
amanda: mandy, manda
amelia: millie, milly, mia, amy, mel
andrew: andy, drew
angela: angie, ange
anthony: tony, ant
antonia: toni
archibald: archie, arch
barbara: barb, babs, barbie
benjamin: ben, benji, benny, benjy
bethany: beth
catherine: cath, cathy, kate, katie, kat, cat, kitty
cameron: cam
caroline: caro, carrie, carol
charles: charlie, chas, chaz, chuck
charlotte: charlie, lottie, lotte, lotty
christina: chris, tina, chrissie, christie
christine: chris, tina, chrissie
christopher: chris, kit, topher
daniel: dan, danny
danielle: dani, danni, ellie
david: dave, davey, davy
deborah: debbie, deb, debs
dominic: dom
dorothy: dot, dottie, dolly
edward: ed, eddie, ted, teddy, ned
eleanor: ellie, nell, nellie, nora, elle
elizabeth: liz, lizzie, lizzy, beth, betty, bess, libby, eliza, lisa, elsie, ellie
ella: ellie
emily: em, emmy, millie
emma: em, emmy
frances: fran, frankie, fanny
francesca: fran, frankie, chesca, cesca
francis: frank, frankie
frederick: fred, freddie, freddy
gabriel: gabe
gabriella: gabby, gabi, ella
georgia: georgie
georgina: georgie, gina
gregory: greg
harriet: hattie, hatty
harrison: harry, harri
henry: harry, hal, hank
isabel: izzy, bella, issy, belle
isabella: izzy, bella, issy, belle
isabelle: izzy, bella, issy, belle
jacob: jake, jay
jacqueline: jackie, jacqui
james: jim, jimmy, jamie, jimbo
jayden: jay
jennifer: jen, jenny, jenna
jessica: jess, jessie
jonathan: jon, jonny, johnny
joseph: joe, joey, jo
josephine: jo, josie, jojo
joshua: josh
katherine: kath, kathy, kate, katie, kat, kitty
kathryn: kath, kathy, kate, katie
kimberley: kim
kimberly: kim
lawrence: larry, laurie
leonard: leo, len, lenny
lucas: luke
louisa: lou, lulu
louise: lou, lulu
madeleine: maddie, maddy
madison: maddie, maddy
margaret: maggie, meg, peggy, madge, marge, greta
matilda: tilly, tillie, tilda, mattie
matthew: matt, matty
maximilian: max
maxwell: max
megan: meg
melissa: mel, missy, lissa
michael: mike, mikey, mick, micky, mickey
michelle: shelly, chelle
mohammed: mo, moe
muhammad: mo, moe
natalie: nat, tally
natasha: tash, tasha, nat
nathan: nate, nat
nathaniel: nate, nat, nathan
nicholas: nick, nicky, nico
nicola: nicky, nikki
oliver: ollie, olly
olivia: liv, livvy, ollie, livia
patricia: pat, patty, trish, tricia
patrick: pat, paddy
penelope: penny, pen
peter: pete
philip: phil, pip
phillip: phil, pip
rebecca: becky, becca, bex
richard: rich, richie, rick, ricky, dick
robert: rob, robbie, bob, bobby, bert, robin
roberta: bobbie, bertie
ronald: ron, ronnie
rosalind: ros, roz, rosie
rose: rosie
samantha: sam, sammy
samuel: sam, sammy
sarah: sally, sadie
sebastian: seb, bastian
sophia: sophie, soph
sophie: soph
stephanie: steph, stephie
stephen: steve, stevie
steven: steve, stevie
susan: sue, susie, suzy
theodore: theo, ted, teddy
thomas: tom, tommy
timothy: tim, timmy
valentina: val
victoria: vicky, vickie, tori, tory, vic
william: will, willie, bill, billy, liam
zachary: zach, zack, zak
""".strip()


@cache
def _tables() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    short_forms: dict[str, set[str]] = {}
    formal_names: dict[str, set[str]] = {}
    for line in _TABLE.splitlines():
        formal, _, rest = line.partition(":")
        formal = formal.strip()
        for short in (s.strip() for s in rest.split(",")):
            if short:
                short_forms.setdefault(formal, set()).add(short)
                formal_names.setdefault(short, set()).add(formal)
    return (
        {k: frozenset(v) for k, v in short_forms.items()},
        {k: frozenset(v) for k, v in formal_names.items()},
    )


def formal_names(name: str) -> frozenset[str]:
    """The formal names ``name`` can be a short form of ("lexi" -> alexandra, alexis)."""
    return _tables()[1].get(name, frozenset())


def related_names(name: str) -> frozenset[str]:
    """Names that can be the same given name as ``name``: its formal names and short forms."""
    short_forms, _ = _tables()
    return formal_names(name) | short_forms.get(name, frozenset())


def same_given_name(a: str, b: str) -> bool:
    """Whether one name is a short form of the other ("robbie", "robert")."""
    return a != b and (b in related_names(a) or a in related_names(b))
