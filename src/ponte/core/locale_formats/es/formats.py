"""Spanish as Ponte's Spanish-speaking cities write numbers (Rosario, Montevideo, Quito):
30.000 and 1.250.000,50, as in Portuguese and Indonesian, not Django's 30 000."""

THOUSAND_SEPARATOR = "."
