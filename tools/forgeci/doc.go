// Package forgeci holds the tests of the forge configurations: the GitHub workflows
// (.github/workflows, linted with actionlint, every action pinned by commit) and the GitLab
// pipeline's merge-request job (.gitlab-ci.yml), which check pull and merge requests.
package forgeci
